// Jest runs the compiled tests in dist/; snapshots live beside the sources in test/ so they are committed.
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const dist = path.join(root, 'dist', 'test');
const src = path.join(root, 'test');

module.exports = {
  resolveSnapshotPath: (testPath, ext) => {
    const rel = path.relative(dist, testPath).replace(/\.js$/, '.ts');
    return path.join(src, path.dirname(rel), '__snapshots__', path.basename(rel) + ext);
  },
  resolveTestPath: (snapshotPath, ext) => {
    const rel = path.relative(src, snapshotPath);
    const file = path.basename(rel, ext).replace(/\.ts$/, '.js');
    return path.join(dist, path.dirname(path.dirname(rel)), file);
  },
  testPathForConsistencyCheck: path.join(dist, 'unit', 'example.spec.js'),
};
