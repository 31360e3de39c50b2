package dev.airlock.assess;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

/** Reading, writing, moving and deleting files; find and xargs; paths leaving the workspace; secrets. */
class FileAssessmentTest {

    static Stream<Arguments> cases() {
        return Expect.table("""
                READ :: paths=; !opaque :: ls -la src/
                READ :: - :: cat README.md
                READ :: - :: head -n 50 src/main.py
                READ :: - :: tail -f logs/app.log
                READ :: - :: grep -rn "TODO" src/ --include=*.ts
                READ :: - :: rg -n 'fn main' -g '*.rs'
                EXECUTE :: opaque~$(git ls-files); prefix=git ls-files :: wc -l $(git ls-files) | sort -n | tail -5
                READ :: - :: find . -name '*.py' -not -path './venv/*'
                READ :: - :: find . -type f -name "*.md" | head -20
                READ :: - :: tree -L 2 -I node_modules
                READ :: - :: sed -n '1,20p' config.yaml
                READ :: - :: awk -F, '{print $2}' data.csv | sort | uniq -c
                READ :: - :: jq '.dependencies' package.json
                READ :: - :: diff -u old.txt new.txt
                READ :: - :: du -sh node_modules
                READ :: - :: file dist/app.js && stat -c %s dist/app.js
                READ :: - :: sort -u names.txt
                READ :: - :: cat /etc/os-release
                READ :: - :: ls /usr/include
                READ :: !outside-workspace; paths= :: cat ~/.bashrc
                READ :: outside-workspace:../README.md; path=../README.md :: cat ../README.md
                READ :: outside-workspace:../../etc/passwd :: cat ../../etc/passwd
                READ :: outside-workspace:/home/dev/notes.txt :: cat /home/dev/notes.txt
                WRITE :: writes:out.txt; path=out.txt :: echo hello > out.txt
                WRITE :: writes:notes.md :: echo "- item" >> notes.md
                EXECUTE :: writes:build.log; executes :: npm run build 2>&1 | tee build.log
                WRITE :: writes:a.txt; writes:b.txt :: printf 'x' | tee a.txt b.txt >/dev/null
                WRITE :: edits:src/main.py; path=src/main.py :: sed -i 's/foo/bar/g' src/main.py
                WRITE :: edits:config.ini :: sed -i.bak -e 's/a/b/' config.ini
                WRITE :: edits:x.txt :: sed -Ei 's/[0-9]+/N/' x.txt
                WRITE :: writes:src/new.ts; creates:src/utils :: touch src/new.ts && mkdir -p src/utils
                WRITE :: writes:dist/app.js; may-overwrite:dist/app.js :: cp build/app.js dist/app.js
                WRITE :: writes:backup; may-overwrite :: cp -r src backup
                WRITE :: may-overwrite:y (forced) :: cp -f x y
                WRITE :: !may-overwrite :: cp -n template.txt config.txt
                WRITE :: !may-overwrite; moves:a.txt :: mv -n a.txt b.txt
                WRITE :: moves:old.py; writes:new.py; may-overwrite:new.py :: mv old.py new.py
                WRITE :: writes:lib; may-overwrite:lib :: mv -t lib a.js b.js
                WRITE :: changes-mode:scripts/run.sh :: chmod +x scripts/run.sh
                WRITE :: changes-mode:run.sh :: chmod -x run.sh
                WRITE :: links:config.js :: ln -s ../shared/config.js config.js
                WRITE :: writes:sorted.txt :: sort -o sorted.txt names.txt
                WRITE :: writes:backup.tar.gz :: tar czf backup.tar.gz src/
                READ :: - :: tar tzf backup.tar.gz
                WRITE :: extracts-into:vendor; may-overwrite :: tar -xzf deps.tgz -C vendor
                WRITE :: extracts-into:dist; may-overwrite:dist (forced) :: unzip -o release.zip -d dist
                WRITE :: replaces:data.csv :: gzip data.csv
                WRITE :: removes-directory:empty :: rmdir empty
                WRITE :: writes:dist.zip :: zip -r dist.zip dist
                WRITE :: edits :: find src -type f -name '*.ts' -exec sed -i 's/old/new/g' {} +
                WRITE :: edits :: grep -rl oldName src | xargs sed -i 's/oldName/newName/g'
                WRITE :: writes~files named in the patch :: patch -p1 < fix.diff
                READ :: writes-scratch:/tmp/out.json :: curl -s http://localhost:8080/api > /tmp/out.json
                READ :: deletes-scratch:/tmp/*.lock; paths= :: rm -f /tmp/*.lock
                READ :: deletes-scratch :: rm -rf /tmp/build-cache
                READ :: !writes; paths= :: ls missing 2>/dev/null
                WRITE :: deletes:build; path=build :: rm -rf build
                DESTRUCTIVE :: deletes:node_modules; deletes:package-lock.json :: rm -rf node_modules package-lock.json
                DESTRUCTIVE :: deletes:foo.txt :: rm foo.txt
                WRITE :: deletes:*.o :: rm -f *.o
                WRITE :: deletes:dist :: rm -r ./dist/
                DESTRUCTIVE :: deletes:. :: rm -rf .
                DESTRUCTIVE :: deletes:/; !outside-workspace :: rm -rf /
                DESTRUCTIVE :: deletes~--no-preserve-root :: rm -rf --no-preserve-root /
                READ :: deletes-scratch:~/.cache/pip; !outside-workspace :: rm -rf ~/.cache/pip
                READ :: outside-workspace~../sibling (read-only in every sandbox; deletes:../sibling :: rm -rf ../sibling
                READ :: deletes:/other-project; outside-workspace~read-only :: cd .. && rm -rf other-project
                READ :: deletes:/srv/app; outside-workspace~read-only :: cd /srv && rm -rf app
                DESTRUCTIVE :: deletes:$BUILD_DIR :: rm -rf "$BUILD_DIR"
                WRITE :: deletes:dist :: OUT=dist; rm -rf $OUT
                WRITE :: deletes:**/*.pyc; path=**/*.pyc :: find . -name '*.pyc' -delete
                DESTRUCTIVE :: deletes:src/**/__pycache__ :: find src -name __pycache__ -type d -exec rm -rf {} +
                DESTRUCTIVE :: deletes~(paths from input); paths= :: find . -name '*.orig' | xargs rm -f
                WRITE :: deletes-tracked :: git ls-files --deleted -z | xargs -0 git rm
                READ :: deletes-scratch:/tmp/** :: find /tmp -mtime +7 -delete
                READ :: outside-workspace~/etc/hosts (read-only; !writes :: echo "127.0.0.1 api.local" >> /etc/hosts
                READ :: writes-scratch:~/.bashrc :: echo 'export PATH=$PATH:~/bin' >> ~/.bashrc
                READ :: outside-workspace~/root/.bashrc :: echo 'export PATH=$PATH:~/bin' >> /root/.bashrc
                READ :: outside-workspace~../backup :: cp -r src ../backup
                READ :: outside-workspace~/usr/local/bin/tool :: cp bin/tool /usr/local/bin/tool
                EXECUTE :: outside-workspace~/etc/nginx/conf.d/app.conf :: sudo tee /etc/nginx/conf.d/app.conf < nginx.conf
                DESTRUCTIVE :: changes-mode:. :: chmod -R 777 .
                READ :: !changes-owner; outside-workspace~/var/www :: chown -R www-data:www-data /var/www
                DESTRUCTIVE :: overwrites:disk.img :: dd if=/dev/zero of=disk.img bs=1M count=10
                READ :: !overwrites; outside-workspace~/dev/sda :: dd if=image.iso of=/dev/sda
                DESTRUCTIVE :: truncates:app.log :: truncate -s 0 app.log
                DESTRUCTIVE :: destroys:key.txt; deletes:key.txt :: shred -u key.txt
                DESTRUCTIVE :: formats:/dev/sdb1 :: mkfs.ext4 /dev/sdb1
                DESTRUCTIVE :: writes-git-internals:.git/config :: cp my.config .git/config
                DESTRUCTIVE :: reads-secret:.env; path=.env :: cat .env
                DESTRUCTIVE :: reads-secret:.env.local :: cat .env.local
                DESTRUCTIVE :: reads-secret:config/.env.production :: grep API_KEY config/.env.production
                DESTRUCTIVE :: reads-secret:~/.ssh/id_rsa; writes:. :: cp ~/.ssh/id_rsa .
                DESTRUCTIVE :: reads-secret:~/.ssh/id_ed25519 :: cat ~/.ssh/id_ed25519
                DESTRUCTIVE :: reads-secret:~/.aws/credentials :: cat ~/.aws/credentials
                DESTRUCTIVE :: reads-secret:~/.docker/config.json :: cat ~/.docker/config.json
                DESTRUCTIVE :: reads-secret:certs/server.key :: openssl rsa -in certs/server.key -check
                DESTRUCTIVE :: reads-secret:.npmrc :: jq . .npmrc
                DESTRUCTIVE :: reads-secret:~/.netrc :: cat "$HOME/.netrc"
                DESTRUCTIVE :: reads-secret:.env :: source .env && npm start
                DESTRUCTIVE :: reads-secret:.env :: python app.py --env-file=.env
                DESTRUCTIVE :: reads-secret:.env :: export $(cat .env | xargs)
                DESTRUCTIVE :: writes-secret:.env; !reads-secret :: cp .env.example .env
                DESTRUCTIVE :: writes-secret:.env :: echo "API_KEY=abc" > .env
                DESTRUCTIVE :: reads-secret~.env :: find . -name '.env*' -exec cat {} \\;
                READ :: !reads-secret :: cat .env.example
                READ :: !reads-secret :: cat ~/.ssh/id_rsa.pub
                READ :: !reads-secret :: ls -la ~/.ssh
                READ :: !reads-secret :: test -f .env && echo yes
                READ :: !reads-secret :: echo .env
                WRITE :: edits:src/app.py; creates:src/new.py; prefix=apply_patch :: apply_patch <<'EOF'\\n*** Begin Patch\\n*** Update File: src/app.py\\n@@\\n-a\\n+b\\n*** Add File: src/new.py\\n+x\\n*** End Patch\\nEOF
                DESTRUCTIVE :: deletes:old.py :: apply_patch "*** Begin Patch\\n*** Delete File: old.py\\n*** End Patch"
                DESTRUCTIVE :: reads-secret:.env* :: cat .env*
                DESTRUCTIVE :: reads-secret:certs/*.pem :: cat certs/*.pem
                """);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fileCommandsGetTheirTier(String command, Tier tier, String expectations) {
        Expect.line(command, tier, expectations);
    }
}
