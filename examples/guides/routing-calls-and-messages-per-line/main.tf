# The account's lines, as Sendblue's line state lists them.
data "sendblue_lines" "all" {}

# Each team: the number its calls are forwarded to, and the endpoint that
# receives the messages of its lines.
variable "teams" {
  type = map(object({
    forwarding_number = string
    inbound_url       = string
  }))
  default = {
    support = {
      forwarding_number = "+16692138010"
      inbound_url       = "https://hooks.example.com/support/inbound"
    }
    sales = {
      forwarding_number = "+16692138011"
      inbound_url       = "https://hooks.example.com/sales/inbound"
    }
  }
}

# The lines that are not support's, by number.
variable "line_teams" {
  type = map(string)
  default = {
    "+12125550103" = "sales"
  }
}

locals {
  # Every assigned line that has a number, with its team. Lines without a
  # number (being set up or released) have nothing to route yet.
  line_team = {
    for l in data.sendblue_lines.all.lines : l.sendblue_number => lookup(var.line_teams, l.sendblue_number, "support")
    if l.sendblue_number != null && l.assignment == "assigned"
  }
}

# Calls to each line go to its team.
resource "sendblue_line_call_forwarding" "line" {
  for_each = local.line_team

  sendblue_number   = each.key
  forwarding_number = var.teams[each.value].forwarding_number
}

# One receive webhook per team that has lines, limited to its lines.
resource "sendblue_webhook" "team_inbound" {
  for_each = { for team, t in var.teams : team => t if contains(values(local.line_team), team) }

  url              = each.value.inbound_url
  type             = "receive"
  sendblue_numbers = [for number, team in local.line_team : number if team == each.key]
}
