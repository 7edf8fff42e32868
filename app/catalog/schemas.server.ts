// The schemas route loaders use, through a .server module: Remix leaves it out of the browser
// bundle, where importing ./schemas directly would carry zod (its schemas are built on import).
export { searchQuerySchema, slugSchema } from "./schemas";
