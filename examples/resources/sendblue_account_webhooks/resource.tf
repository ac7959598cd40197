# Every webhook of the account, of every type the provider knows, each type a
# map keyed by URL. On apply, any such webhook of the account that is not
# listed here is removed; `terraform destroy` removes every such webhook.
# Webhook types newer than the provider, and other settings it does not model,
# are kept as they are.
resource "sendblue_account_webhooks" "all" {
  receive = {
    # A per-webhook secret, stored (sensitive) in state; pass it in through
    # a sensitive variable rather than writing it here.
    "https://hooks.example.com/sendblue/inbound" = { secret = "change-me" }
    # Nothing but the URL.
    "https://backup.example.com/sendblue/inbound" = {}
    # Only messages received by these Sendblue lines (E.164).
    "https://us.example.com/sendblue/inbound" = { sendblue_numbers = ["+15551230000"] }
  }
  outbound = {
    "https://hooks.example.com/sendblue/outbound" = {}
  }
  line_blocked  = { "https://hooks.example.com/sendblue/lines" = {} }
  line_assigned = { "https://hooks.example.com/sendblue/lines" = {} }

  contact_created  = { "https://hooks.example.com/sendblue/contacts" = {} }
  typing_indicator = { "https://hooks.example.com/sendblue/typing" = {} }

  # call_log is omitted: the account keeps no call_log webhook.
}
