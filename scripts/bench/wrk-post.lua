-- A load from outside the project: wrk (Debian's package) posting verifications through the public contract,
-- each with a different valid SSN (SSA's rules) and an Idempotency-Key of its own (as npm run bench sends),
-- tagged with $REF so they can be counted in PostgreSQL after. Use a new REF for each run: a key sent again
-- replays the earlier verification.
--   KEY=<submitter key> REF=wrk-1 wrk -t1 -c100 -d20s --latency -s scripts/bench/wrk-post.lua http://127.0.0.1:3000/v1/verifications
-- wrk prints "Non-2xx or 3xx responses" when any request was refused. docs/scaling.md has what it measured.
local counter = 0
local threads = 0
tid = 0

-- Each wrk thread has its own Lua state: a thread number keeps their keys apart.
setup = function(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
wrk.method = "POST"
-- wrk.format's headers replace wrk.headers (all but Host): each request's table carries them all.
local headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. os.getenv("KEY") }

request = function()
  counter = counter + 1
  local ssn = string.format("%d%d%d", 100 + (counter % 500), 10 + (math.floor(counter / 500) % 89), 1000 + (counter % 8999))
  local body = '{"service":"ssa-composite","subject":{"ssn":"' .. ssn .. '","firstName":"Ana","lastName":"Silva","dateOfBirth":"1980-02-29"},'
    .. '"options":{"citizenship":true,"incarceration":true},"reference":"' .. (os.getenv("REF") or "wrk") .. '"}'
  headers["Idempotency-Key"] = (os.getenv("REF") or "wrk") .. "-" .. tid .. "-" .. counter
  return wrk.format(nil, nil, headers, body)
end
