package dev.airlock.assess;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

/** git as agents use it: history reads, index and branch writes, history rewrites, remotes. */
class GitAssessmentTest {

    static Stream<Arguments> cases() {
        return Expect.table("""
                READ :: prefix=git status; !opaque; paths= :: git status
                READ :: prefix=git status; prefix=git diff :: git status --short && git diff --stat
                READ :: prefix=git log :: git log --oneline -20 --graph --decorate
                READ :: prefix=git show :: git show HEAD~2 --stat
                READ :: - :: git diff HEAD -- src/app.ts
                READ :: - :: git blame -L 10,20 src/main.py
                READ :: - :: git branch -a
                READ :: - :: git branch --show-current
                READ :: - :: git tag -l 'v*'
                READ :: - :: git remote -v
                READ :: - :: git stash list
                READ :: - :: git rev-parse --abbrev-ref HEAD
                READ :: - :: git config --get user.email
                READ :: - :: git config user.name
                READ :: - :: git ls-files | grep -c '\\.py$'
                READ :: - :: git clean -n -d
                READ :: - :: git --no-pager log -p -1
                READ :: outside-workspace:../other :: git -C ../other status
                WRITE :: stages:all changes; commits; prefix=git commit :: git add -A && git commit -m "feat: add parser"
                WRITE :: stages:src/a.py src/b.py :: git add src/a.py src/b.py
                WRITE :: creates-branch:feature/login; !switches-branch :: git checkout -b feature/login
                WRITE :: switches-branch:main :: git checkout main
                WRITE :: switches-branch :: git switch -c fix/typo
                WRITE :: unstages:file.txt :: git restore --staged file.txt
                WRITE :: unstages:all staged changes :: git reset
                WRITE :: unstages :: git reset HEAD src/x.py
                WRITE :: deletes-branch :: git branch -d merged-branch
                WRITE :: creates-branch:topic :: git branch topic
                WRITE :: stashes :: git stash
                WRITE :: stashes :: git stash pop
                WRITE :: configures~user.email in .git/config :: git config user.email "bot@example.com"
                WRITE :: configures~outside the workspace :: git config --global user.name "Agent"
                WRITE :: writes~cherry-pick :: git cherry-pick abc1234
                WRITE :: writes~merge :: git merge --no-ff feature/x
                WRITE :: writes~abandons :: git merge --abort
                WRITE :: writes~rebase --continue :: git rebase --continue
                WRITE :: deletes-tracked:old.txt :: git rm old.txt
                WRITE :: unstages:secrets.txt; !reads-secret :: git rm --cached secrets.txt
                WRITE :: moves:a.txt :: git mv a.txt b.txt
                WRITE :: creates-repository:. :: git init
                READ :: writes-scratch:/tmp/scratch :: mkdir -p /tmp/scratch && cd /tmp/scratch && git init
                WRITE :: creates-tag:v1.2.0 :: git tag -a v1.2.0 -m "release"
                WRITE :: writes~patch :: git apply fix.patch
                READ :: - :: git apply --check fix.patch
                EXECUTE :: executes~core.hooksPath :: git config core.hooksPath .githooks
                DESTRUCTIVE :: discards-changes~reset --hard; !rewrites-history :: git reset --hard
                DESTRUCTIVE :: discards-changes; rewrites-history~HEAD~1 :: git reset --hard HEAD~1
                DESTRUCTIVE :: rewrites-history~origin/main :: git reset --hard origin/main
                DESTRUCTIVE :: rewrites-history~HEAD~1; !discards-changes :: git reset --soft HEAD~1
                DESTRUCTIVE :: deletes~untracked and ignored files and directories :: git clean -fdx
                DESTRUCTIVE :: deletes~untracked files :: git clean -f
                DESTRUCTIVE :: deletes~untracked :: git clean -xdf
                DESTRUCTIVE :: deletes~branch old :: git branch -D old
                DESTRUCTIVE :: deletes~branch :: git branch --delete --force wip
                DESTRUCTIVE :: rewrites-history :: git branch -M main
                DESTRUCTIVE :: discards-changes~uncommitted changes to . :: git checkout -- .
                DESTRUCTIVE :: discards-changes~src/app.py :: git checkout src/app.py
                DESTRUCTIVE :: discards-changes~package-lock.json :: git checkout HEAD -- package-lock.json
                DESTRUCTIVE :: discards-changes :: git checkout .
                DESTRUCTIVE :: discards-changes~. :: git restore .
                DESTRUCTIVE :: discards-changes~src/index.ts :: git restore src/index.ts
                DESTRUCTIVE :: discards-changes :: git checkout -f main
                DESTRUCTIVE :: rewrites-history~amend :: git commit --amend --no-edit
                DESTRUCTIVE :: rewrites-history~rebase :: git rebase main
                DESTRUCTIVE :: rewrites-history; executes~editor :: git rebase -i HEAD~3
                DESTRUCTIVE :: deletes~stash :: git stash drop stash@{0}
                DESTRUCTIVE :: deletes~stash :: git stash clear
                DESTRUCTIVE :: deletes~tag v0.1 :: git tag -d v0.1
                DESTRUCTIVE :: rewrites-history~filter :: git filter-branch --tree-filter 'rm -f secrets.txt' HEAD
                DESTRUCTIVE :: rewrites-history :: git reflog expire --expire=now --all && git gc --prune=now
                DESTRUCTIVE :: reads-secret:HEAD:.env :: git show HEAD:.env
                DESTRUCTIVE :: reads-secret:.env :: git add .env
                DESTRUCTIVE :: writes-git-internals; !opaque :: echo 'exit 0' > .git/hooks/pre-push
                DESTRUCTIVE :: deletes:.git :: rm -rf .git
                NETWORK :: network~'origin'; domains=; prefix=git push :: git push origin feature/login
                NETWORK :: network~upstream :: git push
                NETWORK :: network~'origin' :: git push -u origin HEAD
                NETWORK :: network:github.com; domain=github.com :: git push https://github.com/acme/app.git main
                NETWORK :: network:github.com :: git push git@github.com:acme/app.git HEAD:main
                NETWORK :: network~upstream; merges :: git pull
                NETWORK :: merges~rebases :: git pull --rebase origin main
                NETWORK :: network~all git remotes :: git fetch --all --prune
                NETWORK :: network~'upstream' :: git fetch upstream
                NETWORK :: domain=github.com; creates:widgets; path=widgets :: git clone git@github.com:acme/widgets.git
                NETWORK :: domain=gitlab.com; creates:vendor/tool :: git clone --depth 1 https://gitlab.com/acme/tool.git vendor/tool
                NETWORK :: domain=git.example.org :: git clone ssh://git@git.example.org:2222/team/repo.git
                NETWORK :: domain=github.com :: git ls-remote https://github.com/acme/app.git
                NETWORK :: network~.gitmodules :: git submodule update --init --recursive
                NETWORK :: domain=github.com; prefix=git submodule add :: git submodule add https://github.com/acme/lib.git libs/lib
                NETWORK :: network~'origin' :: git remote show origin
                WRITE :: configures; domains= :: git remote add upstream https://github.com/upstream/app.git
                DESTRUCTIVE :: rewrites-history~--force; network~'origin' :: git push --force origin main
                DESTRUCTIVE :: rewrites-history :: git push -f
                DESTRUCTIVE :: rewrites-history :: git push --force-with-lease origin feature
                DESTRUCTIVE :: rewrites-history :: git push origin +main
                DESTRUCTIVE :: deletes~old-branch :: git push origin --delete old-branch
                DESTRUCTIVE :: deletes~remote ref old :: git push origin :old
                NETWORK :: !rewrites-history :: git push --dry-run --force origin main
                EXECUTE :: executes~alias :: git lg
                """);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gitCommandsGetTheirTier(String command, Tier tier, String expectations) {
        Expect.line(command, tier, expectations);
    }

    /** With .env tracked by git, its content is in the repository: printing history or diffs reads a secret. */
    static final Classifier TRACKED = new Classifier(Settings.defaults().withTrackedSecrets(java.util.List.of(".env", "config/.aws/credentials")));

    @ParameterizedTest(name = "{0}: {1}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', textBlock = """
            git log -p                          | true
            git --no-pager log -p -1            | true
            git log --patch -- .env             | true
            git log -G password                 | true
            git diff                            | true
            git diff HEAD~1                     | true
            git show                            | true
            git show HEAD~2:.env                | true
            git cat-file -p HEAD:.env           | true
            git cat-file --batch                | true
            git stash show -p                   | true
            git blame .env                      | true
            git grep password HEAD              | true
            git diff -- config/                 | true
            git log --oneline                   | false
            git log --stat                      | false
            git show --stat HEAD                | false
            git diff --name-only                | false
            git diff -- src/app.py              | false
            git status                          | false
            git stash list                      | false
            git cat-file -t HEAD                | false
            """)
    void readingATrackedMaskedFileThroughGitReadsASecret(String command, boolean secret) {
        var a = TRACKED.assessLine(command);
        assertThat(a.reasons().stream().anyMatch(r -> r.what().equals("reads-secret"))).as(command + " -> " + a.reasons())
                .isEqualTo(secret);
        if (!secret) {
            assertThat(Expect.CLASSIFIER.assessLine(command).tier()).isEqualTo(a.tier());
        }
    }
}
