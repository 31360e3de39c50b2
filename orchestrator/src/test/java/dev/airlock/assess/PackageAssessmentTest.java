package dev.airlock.assess;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

/** Package managers and build tools: installs are NETWORK to their registries; builds and scripts are EXECUTE. */
class PackageAssessmentTest {

    static Stream<Arguments> cases() {
        return Expect.table("""
                NETWORK :: domain=registry.npmjs.org; prefix=npm install; path=node_modules :: npm install
                NETWORK :: domain=registry.npmjs.org; prefix=npm ci :: npm ci
                NETWORK :: domain=registry.npmjs.org; prefix=npm i :: npm i -D typescript @types/node
                NETWORK :: installs-globally; !path=node_modules :: npm install -g pnpm
                EXECUTE :: !network; executes~install scripts :: npm install --offline
                NETWORK :: domain=npm.example.com; !domain=registry.npmjs.org :: npm install --registry https://npm.example.com/ left-pad
                NETWORK :: domain=github.com :: npm install github:acme/widget
                EXECUTE :: executes~'build'; domains=; prefix=npm run :: npm run build
                EXECUTE :: executes~'test' :: npm test
                EXECUTE :: executes~'start' :: npm start
                EXECUTE :: executes~'lint' :: npm run lint -- --fix
                READ :: - :: npm ls --depth=0
                READ :: - :: npm --version
                NETWORK :: - :: npm outdated
                NETWORK :: publishes :: npm publish --access public
                NETWORK :: domain=registry.yarnpkg.com; prefix=yarn install :: yarn
                NETWORK :: domain=registry.yarnpkg.com; prefix=yarn add :: yarn add -D vitest
                EXECUTE :: executes~'build' :: yarn build
                EXECUTE :: executes~'dev' :: pnpm dev
                NETWORK :: domain=registry.npmjs.org :: pnpm install --frozen-lockfile
                NETWORK :: domain=registry.npmjs.org; executes~shadcn :: pnpm dlx shadcn@latest add button
                NETWORK :: domain=registry.npmjs.org; executes~create-vite :: npm create vite@latest my-app
                NETWORK :: domain=registry.npmjs.org; executes~create-react-app :: npx create-react-app@latest my-app
                NETWORK :: domain=registry.npmjs.org :: npx -y cowsay hello
                WRITE :: formats:src; prefix=prettier; domains= :: npx prettier --write src/
                READ :: - :: npx prettier --check .
                READ :: prefix=tsc :: npx tsc --noEmit
                EXECUTE :: executes~the project's tests :: npx jest --coverage
                EXECUTE :: executes~node_modules; domains= :: npx some-local-tool --flag
                NETWORK :: domain=registry.npmjs.org :: bun install
                EXECUTE :: executes~tests :: bun test
                NETWORK :: domain=pypi.org; domain=files.pythonhosted.org; prefix=pip install :: pip install requests
                NETWORK :: domain=pypi.org :: pip install -r requirements.txt
                NETWORK :: domain=pypi.org; executes~builds the local package :: pip install -e .
                NETWORK :: domain=github.com :: pip install git+https://github.com/psf/black
                NETWORK :: domain=pypi.example.com; !domain=pypi.org :: pip install -i https://pypi.example.com/simple pkg
                NETWORK :: installs-globally :: pip install --user httpie
                EXECUTE :: !network; executes~local files :: pip install --no-index --find-links ./wheels pkg
                NETWORK :: prefix=pip install; domain=pypi.org :: python -m pip install --upgrade pip
                NETWORK :: prefix=pip install :: python3 -m pip install -U setuptools wheel
                READ :: - :: pip list
                READ :: - :: pip freeze
                WRITE :: uninstalls :: pip uninstall -y requests
                WRITE :: creates:.venv :: python3 -m venv .venv
                EXECUTE :: executes~sources .venv/bin/activate; !opaque :: source .venv/bin/activate
                NETWORK :: domain=pypi.org; prefix=uv sync :: uv sync
                NETWORK :: domain=pypi.org; prefix=uv add :: uv add httpx
                NETWORK :: prefix=uv pip install :: uv pip install -r requirements.txt
                EXECUTE :: executes~tests; prefix=pytest :: uv run pytest -q
                NETWORK :: domain=pypi.org :: uvx ruff check .
                NETWORK :: domain=pypi.org; prefix=poetry install :: poetry install --no-root
                NETWORK :: prefix=poetry add :: poetry add fastapi
                EXECUTE :: opaque; opaque~manage.py :: poetry run python manage.py migrate
                EXECUTE :: prefix=pytest :: poetry run pytest
                NETWORK :: domain=pypi.org :: pipenv install
                NETWORK :: domain=conda.anaconda.org :: conda install -y numpy
                NETWORK :: domain=crates.io; domain=static.crates.io; domain=index.crates.io; prefix=cargo build :: cargo build --release
                NETWORK :: executes~project's code :: cargo test
                NETWORK :: - :: cargo clippy -- -D warnings
                EXECUTE :: !network :: cargo test --offline
                EXECUTE :: !network :: CARGO_NET_OFFLINE=true cargo build
                WRITE :: formats :: cargo fmt
                READ :: - :: cargo fmt --check
                WRITE :: deletes-build-output:target :: cargo clean
                NETWORK :: installs-globally :: cargo install ripgrep
                NETWORK :: domain=proxy.golang.org; domain=sum.golang.org; prefix=go mod :: go mod tidy
                NETWORK :: domain=proxy.golang.org :: go get github.com/stretchr/testify@latest
                NETWORK :: executes~project's code :: go test ./...
                WRITE :: !network :: GOFLAGS=-mod=vendor go build ./...
                WRITE :: !network :: GOPROXY=off go build -o bin/app ./cmd/app
                NETWORK :: domain=goproxy.example.com :: GOPROXY=https://goproxy.example.com go mod download
                WRITE :: formats :: go fmt ./...
                READ :: - :: go version
                READ :: - :: go env GOPATH
                NETWORK :: domain=repo.maven.apache.org; deletes-build-output:target; prefix=mvn clean :: mvn -q clean install -DskipTests
                EXECUTE :: !network; prefix=mvnw test :: ./mvnw -o test
                NETWORK :: publishes :: mvn deploy
                READ :: - :: mvn -v
                NETWORK :: domain=plugins.gradle.org; prefix=gradlew build :: ./gradlew build
                EXECUTE :: !network :: ./gradlew test --offline
                NETWORK :: domain=api.nuget.org :: dotnet restore
                EXECUTE :: !network :: dotnet test --no-restore
                NETWORK :: domain=rubygems.org; prefix=bundle install :: bundle install
                EXECUTE :: executes~tests; prefix=rspec :: bundle exec rspec
                NETWORK :: domain=rubygems.org; installs-globally :: gem install rails
                NETWORK :: domain=repo.packagist.org :: composer install
                READ :: outside-workspace~read-only in every sandbox; !network :: apt-get install -y jq
                EXECUTE :: outside-workspace~put them in the image; privileged; !network :: sudo apt-get install -y jq
                READ :: outside-workspace~system packages; !network :: apt-get update && apt-get install -y --no-install-recommends curl
                READ :: outside-workspace~system packages (nginx); !network :: apt-get remove -y nginx
                READ :: outside-workspace~system packages; !network :: dpkg -i ./tool.deb
                NETWORK :: domain=deb.debian.org :: apt-get download jq
                READ :: outside-workspace~system packages; !network :: apk add --no-cache git
                READ :: outside-workspace~system packages; !network :: brew install jq
                NETWORK :: executes~tests; domain=pypi.org :: tox -e py311
                EXECUTE :: executes :: make
                EXECUTE :: executes; prefix=make test :: make test
                READ :: - :: make -n build
                EXECUTE :: prefix=cmake :: cmake -S . -B build && cmake --build build -j
                """);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void packageManagersAndBuildsGetTheirTier(String command, Tier tier, String expectations) {
        Expect.line(command, tier, expectations);
    }
}
