import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The static server (src/server) serves dist/public; src/server itself is compiled by tsc.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "dist/public",
    emptyOutDir: true,
    sourcemap: true,
    target: "es2022",
  },
});
