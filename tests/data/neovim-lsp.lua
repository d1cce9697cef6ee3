-- Neovim's built-in LSP client driving `postlint server` (tests/it/editor.rs):
-- open a post with an unclosed shortcode and wait for its diagnostic, then
-- apply the quick fix for a near-miss divider and save. Each step is
-- written to $RESULT; the test reads it and the saved file.
--
-- Two ways in: with $SNIPPET (Neovim 0.11), the README's `vim.lsp.config`
-- snippet is run as it is and opening a post starts and attaches the
-- client; without it (Neovim 0.7), `vim.lsp.start_client` and
-- `buf_attach_client` do.
local root = os.getenv("SITE")
local out = os.getenv("RESULT")
local snippet = os.getenv("SNIPPET")
local function log(line)
  local f = io.open(out, "a")
  f:write(line .. "\n")
  f:close()
end
local ok, err = pcall(function()
  local client_id
  if snippet then
    dofile(snippet)
  else
    client_id = vim.lsp.start_client({
      name = "postlint",
      cmd = { os.getenv("POSTLINT"), "server" },
      root_dir = root,
    })
  end
  local function open(relative)
    vim.cmd("edit " .. root .. "/" .. relative)
    local buf = vim.api.nvim_get_current_buf()
    if client_id then vim.lsp.buf_attach_client(buf, client_id) end
    vim.wait(30000, function() return #vim.diagnostic.get(buf) > 0 end, 20)
    return buf
  end
  local buf = open("content/posts/shortcode-never-closed.md")
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    log("diagnostic " .. d.user_data.lsp.code .. " at line " .. (d.lnum + 1))
  end
  buf = open("content/posts/summary-dividers.md")
  -- The near miss's diagnostic as the server sent it: 0.11 keeps it whole
  -- in `user_data.lsp`, 0.7 only its code, so there it is looked up by line.
  local near_miss
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.user_data.lsp.code == "EX002" then
      if snippet then
        near_miss = d.user_data.lsp
      else
        for _, sent in ipairs(vim.lsp.diagnostic.get_line_diagnostics(buf, d.lnum)) do
          if sent.code == "EX002" then near_miss = sent end
        end
      end
    end
  end
  log("near miss at line " .. (near_miss.range.start.line + 1))
  local params = {
    textDocument = vim.lsp.util.make_text_document_params(buf),
    range = near_miss.range,
    context = { diagnostics = { near_miss } },
  }
  local replies = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", params, 30000)
  for _, reply in pairs(replies or {}) do
    for _, action in ipairs(reply.result or {}) do
      -- The fix itself (the others disable the rule).
      if action.kind == "quickfix" and action.isPreferred then
        log("applying " .. action.title)
        vim.lsp.util.apply_workspace_edit(action.edit, "utf-16")
      end
    end
  end
  vim.cmd("write")
  client_id = client_id or vim.lsp.get_clients({ name = "postlint" })[1].id
  vim.lsp.stop_client(client_id)
  vim.wait(10000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 20)
  log("done")
end)
if not ok then log("error: " .. tostring(err)) end
vim.cmd("qall!")
