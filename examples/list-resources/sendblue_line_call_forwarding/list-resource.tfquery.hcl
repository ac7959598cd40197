# lines.tfquery.hcl: `terraform query` lists every line of the account that has
# a per-line call forwarding; `terraform query -generate-config-out=generated.tf`
# writes a sendblue_line_call_forwarding resource and an import block for each
# (Terraform 1.14 or later).
list "sendblue_line_call_forwarding" "all" {
  provider = sendblue
}
