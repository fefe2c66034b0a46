// URLs of the site's own files, seen from the kernel's worker (extensions/@gradlab/lite-kernel/static/).
exports.siteUrl = (path) => new URL(`../../../../${path}`, self.location.href).href;
