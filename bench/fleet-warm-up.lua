-- wrk script: devices START+1, START+2, ... of bench/fleet-seed.sql check in (GET CHECK_IN_PATH,
-- default /bundles) once each, in order, past DEVICES wrapping round. bench/fleet.sh runs it in
-- slices with one wrk thread (-t1), moving START on by the requests each slice made, until every
-- device checked in: with one thread the slices cover the devices without a gap (with two taking
-- alternate devices, a slice in which one made more requests than the other skipped some).
devices = tonumber(os.getenv("DEVICES") or "100000")
path = os.getenv("CHECK_IN_PATH") or "/bundles"
start = tonumber(os.getenv("START") or "0")
counter = 0

function request()
  counter = counter + 1
  local n = ((start + counter - 1) % devices) + 1
  return wrk.format("GET", path, { ["Authorization"] = "Bearer bench-key-" .. string.format("%033d", n) })
end
