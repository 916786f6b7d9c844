# Source this (`. scripts/node-env.sh`) to run the project's commands by hand on its pinned Node.js 24
# (installed by scripts/setup.sh, which `npm run demo` and `npm test` run first). npm scripts need nothing:
# npm puts node_modules/.bin, where the project's `node` devDependency lives, first on their PATH.
_backr_root="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")/.." && pwd)"
export PATH="$_backr_root/node_modules/.bin:$_backr_root/scripts/node24/node_modules/.bin:$PATH"
hash -r 2>/dev/null || true
unset _backr_root
