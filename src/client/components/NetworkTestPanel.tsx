import { useCallback, useEffect, useState } from 'react';
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import { fetchIceServers } from '../rtc/iceServers';
import { problemsOf, runNetworkTest, type NetworkTestReport } from '../rtc/networkTest';

type TestState =
  | { phase: 'running' }
  | { phase: 'done'; report: NetworkTestReport }
  | { phase: 'error'; message: string };

/** Runs the network test (rtc/networkTest.ts) on open and shows what each ICE server gave. */
export default function NetworkTestPanel({ onClose }: { onClose(): void }) {
  const [state, setState] = useState<TestState>({ phase: 'running' });
  const run = useCallback(() => {
    let cancelled = false;
    setState({ phase: 'running' });
    fetchIceServers()
      .then(({ iceServers }) => runNetworkTest(iceServers))
      .then(
        (report) => !cancelled && setState({ phase: 'done', report }),
        (error: Error) => !cancelled && setState({ phase: 'error', message: error.message }),
      );
    return () => {
      cancelled = true;
    };
  }, []);
  useEffect(run, [run]);

  return (
    <div className="network-test" data-testid="network-test-result" data-state={state.phase}>
      {state.phase === 'running' && <p>Testing each STUN/TURN server (up to 10 s)…</p>}
      {state.phase === 'error' && (
        <Alert
          type="error"
          showIcon
          message={`The test could not start: ${state.message}`}
          description="Check that the duet server is reachable, then run the test again."
        />
      )}
      {state.phase === 'done' && (
        <>
          <Alert
            data-testid="network-test-verdict"
            type={state.report.verdict.ok ? 'success' : 'error'}
            showIcon
            message={state.report.verdict.text}
            description={
              state.report.verdict.ok
                ? undefined
                : "Calls still work where a direct path exists, but not across strict NATs or firewalls. 401: the server's TURN_SECRET differs from coturn's static-auth-secret (tell the operator). 701 or timeout: a firewall blocks the relay's port, or the relay is down (try another network)."
            }
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
            message={state.report.nat.text}
          />
          {state.report.results.length > 0 && (
            <table className="network-test-table">
              <thead>
                <tr>
                  <th>server</th>
                  <th>candidates found</th>
                  <th>first relay</th>
                  <th>problems</th>
                </tr>
              </thead>
              <tbody>
                {state.report.results.map((r) => (
                  <tr key={r.url}>
                    <td>{r.url}</td>
                    <td>{r.types.join(', ') || 'none'}</td>
                    <td>{r.firstRelayMs === null ? '–' : `${Math.round(r.firstRelayMs)} ms`}</td>
                    <td>{problemsOf(r).join('; ') || 'none'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
      <div className="network-test-actions">
        <Button size="small" onClick={run} disabled={state.phase === 'running'}>
          Run again
        </Button>
        <Button size="small" onClick={onClose}>
          Close
        </Button>
      </div>
    </div>
  );
}
