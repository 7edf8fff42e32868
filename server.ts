import { stat } from "node:fs/promises";
import { createServer, type IncomingMessage } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { broadcastDevReady, type ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { crossSiteRefusal } from "./app/auth/csrf";
import { boot, type Seeder } from "./app/lib/boot.server";
import { env } from "./app/lib/env.server";
import {
  createRemixHandler,
  refuseDeclaredOversizedBodies,
  refuseUnknownMethods,
  requireOrigin,
} from "./app/lib/http-edge.server";
import { startJobWorker, type JobWorker } from "./app/jobs/worker.server";
import { handleLiveRequest, LIVE_PREFIX } from "./app/live/http.server";
import { handleQuoteRequest } from "./app/shipping/quote-http.server";

const BUILD_PATH = path.resolve("build/index.js");
const isDev = env.NODE_ENV === "development";

let buildVersion = -1;
let remixHandler: ReturnType<typeof createRemixHandler> | undefined;
async function loadHandler() {
  // In development the build is rewritten on every change; import it again when it is.
  const mtime = isDev ? (await stat(BUILD_PATH)).mtimeMs : 0;
  if (!remixHandler || mtime !== buildVersion) {
    buildVersion = mtime;
    const build = (await import(`${pathToFileURL(BUILD_PATH).href}?v=${mtime}`)) as ServerBuild;
    remixHandler = createRemixHandler({
      build,
      mode: env.NODE_ENV,
      // The client's address for per-address limits such as sign-in attempts: the socket's, or
      // the one a trusted proxy forwarded (TRUST_PROXY).
      getLoadContext: (req) => ({ clientIp: req.ip ?? req.socket.remoteAddress }),
    });
    if (isDev) await broadcastDevReady(build);
  }
  return remixHandler;
}

let ready = false;
const app = express();
app.disable("x-powered-by");
app.set("trust proxy", env.TRUST_PROXY);
app.use(refuseUnknownMethods);
// Load balancers' health checks (HTTP/1.0, often without a Host) need nothing below.
app.get("/healthz", (_req, res) => {
  res.status(ready ? 200 : 503).json({ ok: ready });
});
app.use(requireOrigin);
app.use(compression());
app.use((_req, res, next) => {
  res.set({
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "SAMEORIGIN",
  });
  next();
});

// Every mutation, in Remix or in a lean handler, is refused when a browser says it comes from
// another site (app/auth/csrf.ts has the rule and why).
const publicOrigin = env.PUBLIC_URL ? new URL(env.PUBLIC_URL).origin : undefined;
app.use((req, res, next) => {
  const refusal = crossSiteRefusal({
    method: req.method,
    path: req.path,
    secFetchSite: req.get("Sec-Fetch-Site"),
    origin: req.get("Origin"),
    siteOrigin: publicOrigin ?? (res.locals.origin as string),
  });
  if (!refusal) return next();
  res.status(403).type("text/plain").send(`Cross-site request refused: ${refusal}.`);
});

// A declared body over the path's limit is refused before any handler reads it (one sent without a
// length is cut off as it is read: createRemixHandler).
app.use(refuseDeclaredOversizedBodies);

app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
// Media are content-addressed: a URL never changes meaning, so it can be cached forever.
app.use(
  "/media",
  express.static(path.resolve(env.DATA_DIR, "media"), {
    immutable: true,
    maxAge: "1y",
    index: false,
    // express's mime table predates AVIF (it would say application/octet-stream).
    setHeaders: (res, file) => {
      if (file.endsWith(".avif")) res.setHeader("Content-Type", "image/avif");
    },
  }),
  (_req, res) => void res.status(404).type("text/plain").send("Not found"),
);
app.use(express.static("public", { maxAge: "1h" }));
app.use((_req, res, next) => {
  if (ready) return next();
  res
    .status(503)
    .set("Retry-After", "2")
    .type("text/plain")
    .send("Starting up, try again in a moment.");
});
// Hot JSON endpoint, answered without Remix (~9x the throughput; docs/shipping-quotes.md).
app.all("/api/shipping/quote", (req, res, next) => void handleQuoteRequest(req, res).catch(next));
app.all("*", async (req, res, next) => {
  try {
    await (
      await loadHandler()
    )(req, res, next);
  } catch (error) {
    next(error);
  }
});

// The live endpoints (a flash sale's claims, stock and events) are answered before express: on
// air, thousands of shoppers claim in the same second (app/live/http.server.ts).
const liveOptions = {
  ready: () => ready,
  siteOrigin: (req: IncomingMessage) =>
    publicOrigin ?? (req.headers.host ? `http://${req.headers.host}` : undefined),
};
const server = createServer((req, res) => {
  if (req.url?.startsWith(LIVE_PREFIX)) return void handleLiveRequest(req, res, liveOptions);
  app(req, res);
});
// A storm opens thousands of connections at once: a deeper accept queue than the default 511
// (the kernel caps it at net.core.somaxconn) spares them SYN retries of a second or more.
server.listen(env.PORT, env.HOST, 4096, () => {
  console.log(`Harvest Live on http://${env.HOST}:${env.PORT}`);
});

// The demo seed, with the code that draws its photos, is imported only to seed (SEED_ON_START).
const seedDemoData: Seeder = async (args) =>
  (await import("./scripts/seed/seed")).seedDemoData(args);
const handle = await boot({ seed: env.SEED_ON_START ? seedDemoData : undefined }).catch(
  (error: unknown) => {
    console.error("startup failed:", error);
    process.exit(1);
  },
);
await loadHandler();
// Background jobs (shipments for paid orders, expiries, notifications); JOBS_WORKER=0 leaves the
// queue to other processes sharing the database.
const worker: JobWorker | undefined = env.JOBS_WORKER
  ? startJobWorker({ pollMs: env.JOBS_POLL_MS })
  : undefined;
ready = true;
console.log(`ready${worker ? " (job worker on)" : ""}`);

function shutdown(signal: string) {
  console.log(`${signal}: closing`);
  ready = false;
  server.close();
  // The job in hand finishes first (its effects are idempotent anyway), then the database closes:
  // PGlite flushes its data directory on close; do not exit before it has.
  void (worker?.stop() ?? Promise.resolve())
    .then(() => handle.close())
    .finally(() => process.exit(0));
  setTimeout(() => process.exit(1), 5000).unref();
}
process.on("SIGINT", () => shutdown("SIGINT"));
process.on("SIGTERM", () => shutdown("SIGTERM"));
