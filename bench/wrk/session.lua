-- Requests as signed-in people: each request takes the next session from sessions.txt
-- (lines: "cookie<TAB>csrf_token"), so writes come from many different citizens.
-- BENCH_METHOD, BENCH_BODY (with {csrf} and {n} placeholders) and BENCH_PATHS (paths
-- separated by spaces, rotated) come from the environment.
local sessions = {}
local paths = {}
local method = os.getenv("BENCH_METHOD") or "GET"
local body_template = os.getenv("BENCH_BODY") or ""
local counter = 0
local thread_count = 0

-- Each wrk thread gets its own number, so that threads never send the same request.
setup = function(thread)
  thread:set("id", thread_count)
  thread_count = thread_count + 1
end

init = function(args)
  for line in io.lines(os.getenv("BENCH_SESSIONS")) do
    local cookie, token = line:match("([^\t]+)\t([^\t]+)")
    table.insert(sessions, {cookie = cookie, token = token})
  end
  for p in string.gmatch(os.getenv("BENCH_PATHS") or "/", "%S+") do
    table.insert(paths, p)
  end
  -- Half of the (session, path) pairs for each of the two threads: a write that must
  -- happen once per person and target (a support) is never sent twice.
  counter = (id or 0) * math.floor(#sessions * #paths / 2)
end

request = function()
  counter = counter + 1
  local s = sessions[(counter % #sessions) + 1]
  local path = paths[(math.floor(counter / #sessions) % #paths) + 1]
  local headers = {["Cookie"] = s.cookie, ["Accept-Language"] = "es"}
  local body = nil
  if method == "POST" then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    body = body_template:gsub("{csrf}", s.token):gsub("{n}", tostring(counter))
  end
  return wrk.format(method, path, headers, body)
end
