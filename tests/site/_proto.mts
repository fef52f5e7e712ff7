process.env.ASTRO_TELEMETRY_DISABLED = "1";
const { build } = await import("astro");
const t = Date.now();
await build({ root: "/work/main/site", outDir: "/tmp/proto-out", logLevel: "error", vite: { plugins: [{ name: "cws", enforce: "pre", resolveId(id: string) { return id === "virtual:cws-site" ? "\0virtual:cws-site" : undefined; }, load(id: string) { return id === "\0virtual:cws-site" ? `export default ${JSON.stringify({ dataDir: "/tmp/data" })};` : undefined; } }] } }, { teardownCompiler: false });
console.log(Date.now() - t);
