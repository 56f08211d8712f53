# The one map of routes to Lambdas. Each @http route's `src` names the Lambda that serves it;
# routes that share a `src` share one function (and one Remix server bundle, see vite.config.ts).
@app
calcapp

@aws
runtime nodejs24.x
memory 512
timeout 30
region us-east-1
architecture x86_64

@http
# Calculator, /health and the rest of the /v1 JSON API (the OpenAPI description, /v1/calculate):
# the catch-all Lambda. A guest's GET / loads no database client (decision 018).
/*
  method any
  src arc/http/calculator

# Auth: the account pages (each with its single-fetch data URL), and the token API with /v1/me.
# Listed one by one: an unknown /account/x or /v1/auth/x falls to the catch-all's 404.
/signup
  method any
  src arc/http/auth
/signup.data
  method any
  src arc/http/auth
/login
  method any
  src arc/http/auth
/login.data
  method any
  src arc/http/auth
/login/two-factor
  method any
  src arc/http/auth
/login/two-factor.data
  method any
  src arc/http/auth
/logout
  method any
  src arc/http/auth
/logout.data
  method any
  src arc/http/auth
/account
  method any
  src arc/http/auth
/account.data
  method any
  src arc/http/auth
/forgot-password
  method any
  src arc/http/auth
/forgot-password.data
  method any
  src arc/http/auth
/reset-password
  method any
  src arc/http/auth
/reset-password.data
  method any
  src arc/http/auth
/confirm-email
  method any
  src arc/http/auth
/confirm-email.data
  method any
  src arc/http/auth
/verify-email
  method any
  src arc/http/auth
/verify-email.data
  method any
  src arc/http/auth
/v1/auth/token
  method any
  src arc/http/auth
/v1/auth/refresh
  method any
  src arc/http/auth
/v1/auth/logout
  method any
  src arc/http/auth
/v1/me
  method any
  src arc/http/auth

# History: pages, nested pages and single-fetch data URLs.
/history
  method any
  src arc/http/history
/history/*
  method any
  src arc/http/history
/history.data
  method any
  src arc/http/history
# The history over the JSON API (bearer tokens): the same Lambda as the pages.
/v1/history
  method any
  src arc/http/history
/v1/history/*
  method any
  src arc/http/history

# Billing: pages, the Stripe webhook and single-fetch data URLs.
/billing
  method any
  src arc/http/billing
/billing/*
  method any
  src arc/http/billing
/billing.data
  method any
  src arc/http/billing

@static
folder build/client

@sandbox
livereload false

# Not an HTTP route: invoked by the deploy workflow to apply prisma/migrations inside the VPC.
@events
migrate
  src arc/events/migrate

# History jobs (docs/decisions/008-history-and-migrations.md). Each is idempotent, stops within
# its 30 s by a time budget and continues where it stopped on the next run.
@scheduled
archive-history
  rate 1 day
  src arc/scheduled/archive-history
purge-deleted-users
  rate 1 day
  src arc/scheduled/purge-deleted-users
clean-sessions
  rate 1 hour
  src arc/scheduled/clean-sessions
# Billing: re-syncs the subscriptions Stripe changed since the last run (decision 007).
sync-subscriptions
  rate 1 hour
  src arc/scheduled/sync-subscriptions
