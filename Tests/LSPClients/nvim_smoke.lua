-- A smoke run of `vigil lsp` in headless Neovim (0.7's built-in client, vim.lsp.start_client):
-- open a policy with an error, receive its diagnostic, complete a field of the sample, format.
-- Run by .ci/lsp-test as: VIGIL=… WORKSPACE=… nvim --headless --clean -c 'luafile nvim_smoke.lua'
-- Prints one line per check and exits 0 when all pass, 1 otherwise.
local vigil = os.getenv("VIGIL") or "vigil"
local workspace = os.getenv("WORKSPACE")
local failures = 0

local function check(name, got, want)
  if vim.deep_equal(got, want) then
    print("ok: " .. name)
  else
    failures = failures + 1
    print("FAILED: " .. name .. "\n  got:  " .. vim.inspect(got) .. "\n  want: " .. vim.inspect(want))
  end
end

local client_id = vim.lsp.start_client({
  cmd = { vigil, "lsp" },
  root_dir = workspace,
  init_options = { sample = "sample.csv" },
})
vim.cmd("edit " .. workspace .. "/main.vigil")
local buffer = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(buffer, client_id)

-- The diagnostic of the misspelt definition.
vim.wait(10000, function() return #vim.diagnostic.get(buffer) > 0 end, 20)
local diagnostics = vim.tbl_map(function(d)
  return { d.lnum, d.col, d.severity, d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) }
end, vim.diagnostic.get(buffer))
check("diagnostic", diagnostics, { { 3, 12, vim.diagnostic.severity.ERROR, "unknown-name" } })

-- Completion at the start of line 4: the sample's fields are offered.
local responses = vim.lsp.buf_request_sync(buffer, "textDocument/completion", {
  textDocument = { uri = vim.uri_from_bufnr(buffer) },
  position = { line = 3, character = 2 },
}, 10000)
local fields = {}
for _, response in pairs(responses or {}) do
  for _, item in ipairs((response.result or {}).items or {}) do
    if item.kind == 5 then table.insert(fields, item.label) end
  end
end
check("completion of the sample's fields", fields, { "created_at", "customer", "id", "owner" })

-- Fix the typo, spoil the layout, and format.
vim.api.nvim_buf_set_lines(buffer, 3, 4, false, { "  complaint   unresolved>48h -> notify owner" })
vim.lsp.buf.formatting_sync(nil, 10000)
check("formatting", vim.api.nvim_buf_get_lines(buffer, 0, -1, false), {
  'include "common.vigil"', "", "policy slow_complaint:",
  "  complaint unresolved > 48h → notify owner", "  severity: high",
})
vim.wait(10000, function() return #vim.diagnostic.get(buffer) == 0 end, 20)
check("no diagnostic once fixed", #vim.diagnostic.get(buffer), 0)

vim.lsp.stop_client(client_id)
vim.wait(5000, function() return vim.lsp.client_is_stopped(client_id) end, 20)
if failures == 0 then
  print("neovim smoke: all checks passed")
  vim.cmd("qall!")
else
  vim.cmd("cquit 1")
end
