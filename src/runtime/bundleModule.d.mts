/** See bundleModule.mjs. */
export function bundleModule(entry: URL): Promise<URL>;
