# Thin wrappers around the npm scripts; the README names these targets.
.PHONY: setup dist test test-matrix preview mattermost deploy clean bench fuzz

setup:
	bash scripts/setup.sh

dist:
	npm run --silent dist

test:
	node scripts/run-tests.js

# The real-server and Go host suites once per server version (test/mattermost/go*.mod).
test-matrix:
	node scripts/test-matrix.js

preview:
	npm run --silent preview

# A real Mattermost server (built from its Go module) with PostgreSQL and the plugin deployed;
# prints the URL and the people's credentials. MM_PORT picks the port.
mattermost:
	node test/mattermost/serve.js

# Uploads dist/<id>-<version>-<platform>.tar.gz (MM_PLUGIN_PLATFORM, default linux-amd64)
# and enables it; DEPLOY_ARGS="--bundle file" uploads another bundle; see docs/packaging.md.
deploy:
	node scripts/packaging/deploy.js $(DEPLOY_ARGS)

bench:
	npm run --silent bench:wire
	npm run --silent bench

fuzz:
	npm run --silent fuzz

clean:
	rm -rf dist build server/dist webapp/dist test/out
