// Generates allowed-params.generated.json: for every Stripe endpoint the fake implements, the
// request parameters the `stripe` package's own TypeScript types allow (…CreateParams,
// …UpdateParams, …ListParams), as a tree. The fake rejects anything else with Stripe's 400
// `parameter_unknown`, so a typo or a parameter the pinned API version does not know fails in tests
// as it would against Stripe. Source: node_modules/stripe (the version in package-lock.json, API
// version in its OPENAPI_VERSION); nothing of the library is copied, only parameter names.
// Re-run after upgrading stripe: `npx tsx tests/support/stripe-fake/generate-params.ts`.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..", "..");

/** "METHOD /v1/path" (":id" for ids) → the SDK's params type. */
export const ENDPOINTS: Record<string, string> = {
  "POST /v1/customers": "Stripe.CustomerCreateParams",
  "GET /v1/customers": "Stripe.CustomerListParams",
  "GET /v1/customers/:id": "Stripe.CustomerRetrieveParams",
  "POST /v1/customers/:id": "Stripe.CustomerUpdateParams",
  "POST /v1/checkout/sessions": "Stripe.Checkout.SessionCreateParams",
  "GET /v1/checkout/sessions": "Stripe.Checkout.SessionListParams",
  "GET /v1/checkout/sessions/:id": "Stripe.Checkout.SessionRetrieveParams",
  "POST /v1/checkout/sessions/:id/expire": "Stripe.Checkout.SessionExpireParams",
  "POST /v1/billing_portal/sessions": "Stripe.BillingPortal.SessionCreateParams",
  "POST /v1/billing_portal/configurations": "Stripe.BillingPortal.ConfigurationCreateParams",
  "GET /v1/billing_portal/configurations": "Stripe.BillingPortal.ConfigurationListParams",
  "POST /v1/billing_portal/configurations/:id": "Stripe.BillingPortal.ConfigurationUpdateParams",
  "GET /v1/subscriptions": "Stripe.SubscriptionListParams",
  "GET /v1/subscriptions/:id": "Stripe.SubscriptionRetrieveParams",
  "POST /v1/subscriptions/:id": "Stripe.SubscriptionUpdateParams",
  "DELETE /v1/subscriptions/:id": "Stripe.SubscriptionCancelParams",
  "GET /v1/invoices/:id": "Stripe.InvoiceRetrieveParams",
  "POST /v1/invoices/:id/pay": "Stripe.InvoicePayParams",
  "GET /v1/charges/:id": "Stripe.ChargeRetrieveParams",
  "GET /v1/events": "Stripe.EventListParams",
  "GET /v1/events/:id": "Stripe.EventRetrieveParams",
  "POST /v1/webhook_endpoints": "Stripe.WebhookEndpointCreateParams",
  "GET /v1/webhook_endpoints": "Stripe.WebhookEndpointListParams",
  "GET /v1/webhook_endpoints/:id": "Stripe.WebhookEndpointRetrieveParams",
  "POST /v1/webhook_endpoints/:id": "Stripe.WebhookEndpointUpdateParams",
  "DELETE /v1/webhook_endpoints/:id": "Stripe.WebhookEndpointDeleteParams",
};

export type ParamTree = true | { [name: string]: ParamTree };

function build(): Record<string, ParamTree> {
  const file = join(root, "tests/support/stripe-fake/__params_probe.ts");
  const names = Object.values(ENDPOINTS);
  const text = `import type Stripe from "stripe";\n${names.map((name, i) => `export type T${i} = ${name};`).join("\n")}\n`;
  const host = ts.createCompilerHost({});
  const original = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version) => (name === file ? ts.createSourceFile(name, text, version) : original(name, version));
  const hostFileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === file || hostFileExists(name);
  const program = ts.createProgram([file], { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, target: ts.ScriptTarget.ES2022, strict: true, skipLibCheck: true }, host);
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  if (!source) throw new Error("probe not compiled");
  const aliases = source.statements.filter(ts.isTypeAliasDeclaration);

  const walk = (type: ts.Type, depth: number): ParamTree => {
    if (depth > 6) return true;
    const parts = type.isUnion() ? type.types : [type];
    const objects = parts.filter((part) => part.flags & ts.TypeFlags.Object);
    if (objects.length === 0) return true;
    const tree: { [name: string]: ParamTree } = {};
    for (const object of objects) {
      const element = checker.isArrayType(object) ? checker.getTypeArguments(object as ts.TypeReference)[0] : undefined;
      if (element) {
        const inner = walk(element, depth + 1);
        if (inner === true) return true; // an array of scalars
        Object.assign(tree, inner);
        continue;
      }
      if (checker.getIndexInfosOfType(object).length > 0) tree["*"] = true; // metadata: any key
      for (const property of checker.getPropertiesOfType(object)) {
        const propertyType = checker.getTypeOfSymbol(property);
        const existing = tree[property.name];
        const next = walk(checker.getNonNullableType(propertyType), depth + 1);
        tree[property.name] = existing && existing !== true && next !== true ? { ...existing, ...next } : next;
      }
    }
    return Object.keys(tree).length === 0 ? true : tree;
  };

  const result: Record<string, ParamTree> = {};
  Object.keys(ENDPOINTS).forEach((endpoint, i) => {
    const alias = aliases[i];
    if (!alias) throw new Error(`no alias for ${endpoint}`);
    const tree = walk(checker.getTypeAtLocation(alias.name), 0);
    result[endpoint] = tree === true ? {} : tree;
  });
  return result;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const version = JSON.parse(readFileSync(join(root, "node_modules/stripe/package.json"), "utf8")) as { version: string };
  const apiVersion = readFileSync(join(root, "node_modules/stripe/OPENAPI_VERSION"), "utf8").trim();
  const output = { source: `stripe@${version.version} TypeScript params types (OpenAPI ${apiVersion}); generated by generate-params.ts`, endpoints: build() };
  writeFileSync(join(here, "allowed-params.generated.json"), `${JSON.stringify(output, null, 1)}\n`);
  console.log(`wrote ${Object.keys(output.endpoints).length} endpoints`);
}
