// The Lua scripts behind RedisRoomRegistry. Each runs atomically inside Redis, so a check and the
// update it guards (capacity, seat ownership, a node's death) cannot interleave across nodes.
//
// Keys, all under a prefix (ARGV[1]); one standalone Redis (or one hash slot) holds them all:
//   room:<roomId>        JSON array of seats [userId, socketId, nodeId], in join order
//   rooms                set of room ids with at least one seat
//   node:<nodeId>        present while the node is alive (heartbeat with a TTL)
//   nodes                set of node ids that may hold seats
//   node-rooms:<nodeId>  set of room ids where the node holds seats (what a sweep must visit)
//   lock:<roomId>        present while the room is locked: JSON {h, s, a} = passcode scrypt hash
//                        and salt (hex, '' for none), admitted userIds oldest first; expires
//                        EMPTY_LOCK_TTL_MS after the room's last seat is freed
//   tries:room:<roomId>, tries:addr:<address>  wrong passcode tries in the current window
import { EMPTY_LOCK_TTL_MS, MAX_ADMITTED } from './registry.js';

const COMMON = `
local prefix = ARGV[1]
local function roomKey(roomId) return prefix .. 'room:' .. roomId end
local function lockKey(roomId) return prefix .. 'lock:' .. roomId end
local function load(roomId)
  local raw = redis.call('GET', roomKey(roomId))
  if raw then return cjson.decode(raw) end
  return {}
end
local function loadLock(roomId)
  local raw = redis.call('GET', lockKey(roomId))
  if raw then return cjson.decode(raw) end
  return nil
end
local function contains(list, value)
  for _, item in ipairs(list) do
    if item == value then return true end
  end
  return false
end
-- Admits every userId of seats (the room as it is now); past MAX_ADMITTED the oldest admitted
-- users that hold no seat are forgotten.
local function admitSeated(lock, seats)
  for _, seat in ipairs(seats) do
    if not contains(lock.a, seat[1]) then lock.a[#lock.a + 1] = seat[1] end
  end
  local i = 1
  while #lock.a > ${MAX_ADMITTED} and i <= #lock.a do
    local seated = false
    for _, seat in ipairs(seats) do
      if seat[1] == lock.a[i] then seated = true end
    end
    if seated then i = i + 1 else table.remove(lock.a, i) end
  end
end
-- A lock outlives its room's last seat by EMPTY_LOCK_TTL_MS, and lasts while anyone is seated.
local function store(roomId, seats)
  if #seats == 0 then
    redis.call('DEL', roomKey(roomId))
    redis.call('SREM', prefix .. 'rooms', roomId)
    redis.call('PEXPIRE', lockKey(roomId), ${EMPTY_LOCK_TTL_MS})
  else
    redis.call('SET', roomKey(roomId), cjson.encode(seats))
    redis.call('SADD', prefix .. 'rooms', roomId)
    redis.call('PERSIST', lockKey(roomId))
  end
end
local function lockState(lock)
  if not lock then return {'0', '0'} end
  if lock.h ~= '' then return {'1', '1'} end
  return {'1', '0'}
end
-- A node that holds no seat in the room any more stops tracking it.
local function untrack(roomId, seats, nodeId)
  for _, seat in ipairs(seats) do
    if seat[3] == nodeId then return end
  end
  redis.call('SREM', prefix .. 'node-rooms:' .. nodeId, roomId)
end
`;

/**
 * ARGV: prefix, roomId, userId, socketId, nodeId, capacity, admitted ('1' or ''), passcodeHash,
 * lockSalt, lockHash (the JoinGrant; '' for absent).
 * Returns {'locked'}, {'full', userNum} or {'joined', userNum, replacedSocketId or '', locked,
 * hasPasscode, lockedNow ('1' or '0'), peer userIds...}.
 * A node that is not alive may not seat anyone: a sweep could already have written it off.
 */
export const JOIN = `${COMMON}
local roomId, userId, socketId, nodeId = ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local capacity = tonumber(ARGV[6])
local admitted, passcodeHash, lockSalt, lockHash = ARGV[7], ARGV[8], ARGV[9], ARGV[10]
if redis.call('EXISTS', prefix .. 'node:' .. nodeId) == 0 then
  return redis.error_reply('node ' .. nodeId .. ' is not alive in Redis')
end
local lock = loadLock(roomId)
-- The passcode hash was matched in constant time by the node; here it only has to be current.
if lock and not contains(lock.a, userId) and admitted ~= '1'
    and not (passcodeHash ~= '' and lock.h == passcodeHash) then
  return {'locked'}
end
local seats = load(roomId)
local index
for i, seat in ipairs(seats) do
  if seat[1] == userId then index = i end
end
if not index and #seats >= capacity then return {'full', #seats} end
local replaced = ''
if index then
  local old = seats[index]
  if old[2] ~= socketId then replaced = old[2] end
  seats[index] = {userId, socketId, nodeId}
  if old[3] ~= nodeId then untrack(roomId, seats, old[3]) end
else
  seats[#seats + 1] = {userId, socketId, nodeId}
end
store(roomId, seats)
redis.call('SADD', prefix .. 'node-rooms:' .. nodeId, roomId)
redis.call('SADD', prefix .. 'nodes', nodeId)
local lockedNow = '0'
if not lock and lockHash ~= '' then
  lock = {h = lockHash, s = lockSalt, a = {}}
  lockedNow = '1'
end
if lock then
  admitSeated(lock, seats)
  redis.call('SET', lockKey(roomId), cjson.encode(lock))
end
local state = lockState(lock)
local reply = {'joined', #seats, replaced, state[1], state[2], lockedNow}
for _, seat in ipairs(seats) do
  if seat[1] ~= userId then reply[#reply + 1] = seat[1] end
end
return reply
`;

/** ARGV: prefix, roomId, userId, socketId. Frees the seat only if socketId holds it; 1 or 0. */
export const LEAVE = `${COMMON}
local roomId, userId, socketId = ARGV[2], ARGV[3], ARGV[4]
local seats = load(roomId)
for i, seat in ipairs(seats) do
  if seat[1] == userId and seat[2] == socketId then
    table.remove(seats, i)
    store(roomId, seats)
    untrack(roomId, seats, seat[3])
    return 1
  end
end
return 0
`;

/**
 * ARGV: prefix, roomId, userId, socketId, mode ('lock' or 'open'), salt, hash ('' for no
 * passcode). Locks (admitting everyone seated) or opens the room if socketId holds userId's seat.
 * Returns {locked, hasPasscode} or {} when the caller is not a member.
 */
export const SET_LOCK = `${COMMON}
local roomId, userId, socketId, mode, salt, hash = ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7]
local seats = load(roomId)
local member = false
for _, seat in ipairs(seats) do
  if seat[1] == userId and seat[2] == socketId then member = true end
end
if not member then return {} end
if mode == 'open' then
  redis.call('DEL', lockKey(roomId))
  return lockState(nil)
end
local lock = loadLock(roomId) or {a = {}}
lock.h, lock.s = hash, salt
admitSeated(lock, seats)
redis.call('SET', lockKey(roomId), cjson.encode(lock))
return lockState(lock)
`;

/**
 * ARGV: prefix, roomId, address, perRoom, perAddress, windowMs. Counts a passcode try against
 * both unless either has used up its limit in its window; 1 when counted, 0 when throttled.
 */
export const TAKE_TRY = `
local prefix, roomId, address = ARGV[1], ARGV[2], ARGV[3]
local perRoom, perAddress, windowMs = tonumber(ARGV[4]), tonumber(ARGV[5]), ARGV[6]
local roomKey, addressKey = prefix .. 'tries:room:' .. roomId, prefix .. 'tries:addr:' .. address
if tonumber(redis.call('GET', roomKey) or '0') >= perRoom then return 0 end
if tonumber(redis.call('GET', addressKey) or '0') >= perAddress then return 0 end
for _, key in ipairs({roomKey, addressKey}) do
  if redis.call('INCR', key) == 1 then redis.call('PEXPIRE', key, windowMs) end
end
return 1
`;

/** ARGV: prefix, roomId, address. Gives back a try that was right (never below 0). */
export const REFUND_TRY = `
local prefix, roomId, address = ARGV[1], ARGV[2], ARGV[3]
for _, key in ipairs({prefix .. 'tries:room:' .. roomId, prefix .. 'tries:addr:' .. address}) do
  if tonumber(redis.call('GET', key) or '0') > 0 then redis.call('DECR', key) end
end
return 1
`;

/**
 * ARGV: prefix, nodeId, ttlMs. Marks the node alive for ttlMs; 1 if it still was, 0 if its key had
 * expired (other nodes may have reclaimed its seats meanwhile).
 */
export const HEARTBEAT = `
local prefix, nodeId, ttl = ARGV[1], ARGV[2], ARGV[3]
local key = prefix .. 'node:' .. nodeId
local alive = redis.call('EXISTS', key)
redis.call('SET', key, '1', 'PX', ttl)
redis.call('SADD', prefix .. 'nodes', nodeId)
return alive
`;

/**
 * ARGV: prefix. Frees every seat held by a node whose heartbeat key has expired and forgets the
 * node. Returns the freed seats flattened: roomId, userId, socketId, roomId, ...
 */
export const SWEEP = `${COMMON}
local freed = {}
for _, nodeId in ipairs(redis.call('SMEMBERS', prefix .. 'nodes')) do
  if redis.call('EXISTS', prefix .. 'node:' .. nodeId) == 0 then
    local tracked = prefix .. 'node-rooms:' .. nodeId
    for _, roomId in ipairs(redis.call('SMEMBERS', tracked)) do
      local kept = {}
      for _, seat in ipairs(load(roomId)) do
        if seat[3] == nodeId then
          freed[#freed + 1] = roomId
          freed[#freed + 1] = seat[1]
          freed[#freed + 1] = seat[2]
        else
          kept[#kept + 1] = seat
        end
      end
      store(roomId, kept)
    end
    redis.call('DEL', tracked)
    redis.call('SREM', prefix .. 'nodes', nodeId)
  end
end
return freed
`;
