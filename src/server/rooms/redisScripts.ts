// The Lua scripts behind RedisRoomRegistry. Each runs atomically inside Redis, so a check and the
// update it guards (capacity, seat ownership, a node's death) cannot interleave across nodes.
//
// Keys, all under a prefix (ARGV[1]); one standalone Redis (or one hash slot) holds them all:
//   room:<roomId>        JSON array of seats [userId, socketId, nodeId], in join order
//   rooms                set of room ids with at least one seat
//   node:<nodeId>        present while the node is alive (heartbeat with a TTL)
//   nodes                set of node ids that may hold seats
//   node-rooms:<nodeId>  set of room ids where the node holds seats (what a sweep must visit)

const COMMON = `
local prefix = ARGV[1]
local function roomKey(roomId) return prefix .. 'room:' .. roomId end
local function load(roomId)
  local raw = redis.call('GET', roomKey(roomId))
  if raw then return cjson.decode(raw) end
  return {}
end
local function store(roomId, seats)
  if #seats == 0 then
    redis.call('DEL', roomKey(roomId))
    redis.call('SREM', prefix .. 'rooms', roomId)
  else
    redis.call('SET', roomKey(roomId), cjson.encode(seats))
    redis.call('SADD', prefix .. 'rooms', roomId)
  end
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
 * ARGV: prefix, roomId, userId, socketId, nodeId, capacity.
 * Returns {'full', userNum} or {'joined', userNum, replacedSocketId or '', peer userIds...}.
 * A node that is not alive may not seat anyone: a sweep could already have written it off.
 */
export const JOIN = `${COMMON}
local roomId, userId, socketId, nodeId = ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local capacity = tonumber(ARGV[6])
if redis.call('EXISTS', prefix .. 'node:' .. nodeId) == 0 then
  return redis.error_reply('node ' .. nodeId .. ' is not alive in Redis')
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
local reply = {'joined', #seats, replaced}
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
