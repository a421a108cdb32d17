-- wrk script: devices START+1, START+2, ... of bench/fleet-seed.sql check in (GET CHECK_IN_PATH,
-- default /bundles) once each, in order, past DEVICES wrapping round. bench/fleet.sh runs it in
-- slices with one wrk thread (-t1), moving START on by the requests each slice made, until every
-- device checked in: with one thread no slice skips devices because its threads made unequal
-- numbers of requests (as two taking alternate devices did). A request still in flight when a
-- slice ends, and answered out of order, can still be skipped if the server never read it: on a
-- loaded machine a walk may leave some devices out (bench/fleet.sh prints the counts).
devices = tonumber(os.getenv("DEVICES") or "100000")
path = os.getenv("CHECK_IN_PATH") or "/bundles"
start = tonumber(os.getenv("START") or "0")
counter = 0

function request()
  counter = counter + 1
  local n = ((start + counter - 1) % devices) + 1
  return wrk.format("GET", path, { ["Authorization"] = "Bearer bench-key-" .. string.format("%033d", n) })
end
