# Credentials come from the environment, so that no secret is written in
# configuration:
#   export SENDBLUE_API_KEY="..."      # or SENDBLUE_API_API_KEY, as the official SDKs
#   export SENDBLUE_API_SECRET="..."   # or SENDBLUE_API_API_SECRET
terraform {
  required_version = ">= 1.11"
  required_providers {
    sendblue = {
      source = "sendblue-api/sendblue"
    }
  }
}

provider "sendblue" {}
