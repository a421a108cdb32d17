-- wrk script: devices START+1, START+2, ... of bench/fleet-seed.sql check in (GET CHECK_IN_PATH,
-- default /bundles) once each, in order
-- (the two wrk threads take alternate devices; past DEVICES it wraps round). bench/fleet.sh runs
-- it in slices, moving START on by the requests each slice made, until every device checked in.
devices = tonumber(os.getenv("DEVICES") or "100000")
path = os.getenv("CHECK_IN_PATH") or "/bundles"
start = tonumber(os.getenv("START") or "0")
counter = 0
next_offset = 0

function setup(thread)
  thread:set("counter", next_offset)
  next_offset = next_offset + 1
end

function request()
  counter = counter + 2
  local n = ((start + counter - 2) % devices) + 1
  return wrk.format("GET", path, { ["Authorization"] = "Bearer bench-key-" .. string.format("%033d", n) })
end
