import icon from "~/assets/icon.svg?url&no-inline";

// The web app manifest: name, colours and icon for "Add to Home Screen" and installed use.
export function loader() {
  const manifest = {
    name: "CalcApp",
    short_name: "CalcApp",
    description: "A precise calculator that keeps your history.",
    start_url: "/",
    scope: "/",
    display: "standalone",
    background_color: "#f1f5f9",
    theme_color: "#4338ca",
    icons: [{ src: icon, sizes: "any", type: "image/svg+xml", purpose: "any" }],
  };
  return new Response(JSON.stringify(manifest), {
    headers: { "Content-Type": "application/manifest+json", "Cache-Control": "public, max-age=3600" },
  });
}
