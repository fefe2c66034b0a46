// The site's app: one bundle for every page (bootstrap.js → main.js), with JupyterLab's packages in a
// module federation scope that federated extensions (the gradlab kernel, or a teacher's own) share.
const path = require("node:path");
const rspack = require("@rspack/core");
const baseConfig = require("@jupyter/builder/lib/webpack.config.base");
const core = require("./.build/core.package.json"); // written by build.mjs

/** Every package the app and its extensions must see once: singletons in the shared scope. */
function sharedScope() {
  const shared = {};
  for (const name of core.jupyterlab.singletonPackages) {
    const version = core.dependencies[name];
    shared[name] = { requiredVersion: `^${version}`, singleton: true, version };
  }
  return shared;
}

module.exports = (env = {}) => ({
  ...baseConfig,
  mode: env.development ? "development" : "production",
  devtool: env.development ? "source-map" : false,
  entry: { bootstrap: "./app/bootstrap.js" },
  output: {
    path: path.join(env.out, "build"),
    filename: "[name].js",
    chunkFilename: "[name].[contenthash:8].js",
    assetModuleFilename: "assets/[name].[contenthash:8][ext]",
    clean: false,
  },
  resolve: { ...baseConfig.resolve, fallback: { ...baseConfig.resolve.fallback, util: false } },
  module: baseConfig.module,
  performance: { hints: false },
  optimization: {
    moduleIds: "deterministic",
    // rspack's minifier with JupyterLab's settings: sequences/collapse_vars miscompile some packages
    minimizer: [
      new rspack.SwcJsMinimizerRspackPlugin({
        minimizerOptions: { compress: { sequences: false, collapse_vars: false } },
      }),
    ],
  },
  plugins: [
    new rspack.container.ModuleFederationPlugin({
      name: "GRADLAB_LITE",
      library: { type: "var", name: ["_JUPYTERLAB", "CORE_LIBRARY_FEDERATION"] },
      shared: sharedScope(),
    }),
  ],
});
