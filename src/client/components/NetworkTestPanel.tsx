import { useCallback, useEffect, useState } from 'react';
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import type { IceServer } from '../../shared/protocol';
import { useT } from '../i18n/useT';
import { NotInRoomError } from '../rtc/iceServers';
import {
  PROBE_TIMEOUT_MS,
  problemsOf,
  runNetworkTest,
  type NetworkTestReport,
} from '../rtc/networkTest';

type TestState =
  | { phase: 'running' }
  | { phase: 'done'; report: NetworkTestReport }
  | { phase: 'error'; message: string; notInRoom: boolean };

/** Runs the network test (rtc/networkTest.ts) on open and shows what each ICE server gave. */
export default function NetworkTestPanel({
  fetchIceServers,
  onClose,
}: {
  fetchIceServers(): Promise<IceServer[]>;
  onClose(): void;
}) {
  const t = useT();
  const [state, setState] = useState<TestState>({ phase: 'running' });
  const run = useCallback(() => {
    let cancelled = false;
    setState({ phase: 'running' });
    fetchIceServers()
      .then((iceServers) => runNetworkTest(iceServers))
      .then(
        (report) => !cancelled && setState({ phase: 'done', report }),
        (error: Error) =>
          !cancelled &&
          setState({
            phase: 'error',
            message: error.message,
            notInRoom: error instanceof NotInRoomError,
          }),
      );
    return () => {
      cancelled = true;
    };
  }, [fetchIceServers]);
  useEffect(run, [run]);

  return (
    <div className="network-test" data-testid="network-test-result" data-state={state.phase}>
      {state.phase === 'running' && (
        <p>{t('network.running', { seconds: PROBE_TIMEOUT_MS / 1000 })}</p>
      )}
      {state.phase === 'error' && (
        <Alert
          type="error"
          showIcon
          message={
            state.notInRoom
              ? t('network.notInRoom')
              : t('network.couldNotStart', { error: state.message })
          }
          description={t(state.notInRoom ? 'network.notInRoomHint' : 'network.couldNotStartHint')}
        />
      )}
      {state.phase === 'done' && (
        <>
          <Alert
            data-testid="network-test-verdict"
            type={state.report.verdict.ok ? 'success' : 'error'}
            showIcon
            message={t(state.report.verdict.text)}
            description={state.report.verdict.ok ? undefined : t('network.failHint')}
          />
          <Alert
            data-testid="network-test-nat"
            data-nat={state.report.nat.kind}
            type={
              state.report.nat.directPossible === true
                ? 'success'
                : state.report.nat.directPossible === false && !state.report.verdict.ok
                  ? 'error'
                  : 'warning'
            }
            showIcon
            message={t(state.report.nat.text)}
          />
          {state.report.results.length > 0 && (
            <table className="network-test-table">
              <thead>
                <tr>
                  <th>{t('network.server')}</th>
                  <th>{t('network.candidates')}</th>
                  <th>{t('network.firstRelay')}</th>
                  <th>{t('network.problems')}</th>
                </tr>
              </thead>
              <tbody>
                {state.report.results.map((r) => (
                  <tr key={r.url}>
                    <td>{r.url}</td>
                    <td>{r.types.join(', ') || t('network.none')}</td>
                    <td>
                      {r.firstRelayMs === null
                        ? '–'
                        : t('network.ms', { value: Math.round(r.firstRelayMs) })}
                    </td>
                    <td>
                      {problemsOf(r)
                        .map((problem) => t(problem))
                        .join(t('list.separator')) || t('network.none')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
      <div className="network-test-actions">
        <Button size="small" onClick={run} disabled={state.phase === 'running'}>
          {t('network.runAgain')}
        </Button>
        <Button size="small" onClick={onClose}>
          {t('network.close')}
        </Button>
      </div>
    </div>
  );
}
