-- A mix of requests for wrk against `search serve` over a Reuters-21578 index: plain
-- words, phrases, syntax, actor filters and exclusions, date ranges, date order, paging,
-- and the actor and month endpoints; every search counts actor and month facets.
-- Each connection walks the list from its own starting point.
local paths = {
  "/api/search?q=oil+prices",
  "/api/search?q=coffee+exports+brazil",
  "/api/search?q=trade+deficit&actor=place%3AJapan",
  "/api/search?q=interest+rates&since=1987-03&until=1987-04",
  "/api/search?q=%22stock+split%22",
  "/api/search?q=wheat+OR+corn&facets=10",
  "/api/search?actor=org%3AOPEC",
  "/api/search?q=merger&sort=date",
  "/api/search?q=dollar+yen&not=place%3AUnited+States",
  "/api/search?q=bank&offset=20",
  "/api/search?q=crude+oil+production&actor=place%3ASaudi+Arabia",
  "/api/search?q=net+loss&since=1987-04",
  "/api/search?q=title%3Agold",
  "/api/search?q=central+bank+money+supply",
  "/api/actors?q=oil&limit=10",
  "/api/dates?q=gold",
}

local counter = 0
setup = function(thread)
  thread:set("offset", counter * 7)
  counter = counter + 1
end

local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[((i + (offset or 0)) % #paths) + 1])
end
