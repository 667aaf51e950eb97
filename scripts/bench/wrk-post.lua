-- A load from outside the project: wrk (Debian's package) posting verifications through the public contract,
-- each with a different valid SSN (SSA's rules), tagged with $REF so they can be counted in PostgreSQL after.
--   KEY=<submitter key> REF=wrk-1 wrk -t1 -c100 -d20s --latency -s scripts/bench/wrk-post.lua http://127.0.0.1:3000/v1/verifications
-- wrk prints "Non-2xx or 3xx responses" when any request was refused. docs/scaling.md has what it measured.
local counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("KEY")

request = function()
  counter = counter + 1
  local ssn = string.format("%d%d%d", 100 + (counter % 500), 10 + (math.floor(counter / 500) % 89), 1000 + (counter % 8999))
  local body = '{"service":"ssa-composite","subject":{"ssn":"' .. ssn .. '","firstName":"Ana","lastName":"Silva","dateOfBirth":"1980-02-29"},'
    .. '"options":{"citizenship":true,"incarceration":true},"reference":"' .. (os.getenv("REF") or "wrk") .. '"}'
  return wrk.format(nil, nil, nil, body)
end
