# Every line of the account.
data "sendblue_lines" "all" {}

# Only the lines assigned to the account that are online.
data "sendblue_lines" "online" {
  assignment = "assigned"
  status     = "ONLINE"
}

# The account's numbers, for for_each or a receive webhook's sendblue_numbers.
output "numbers" {
  value = data.sendblue_lines.all.sendblue_numbers
}

# Each line's status by number (lines without a number have none to key by).
output "status_by_number" {
  value = { for l in data.sendblue_lines.all.lines : l.sendblue_number => l.status if l.sendblue_number != null }
}

output "online_numbers" {
  value = data.sendblue_lines.online.sendblue_numbers
}
