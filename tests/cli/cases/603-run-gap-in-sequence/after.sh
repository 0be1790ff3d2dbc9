set -e
diff expected-exceptions.txt out/2026-11-28/exceptions.txt
[ "$(ls out/archive/2026-11-28)" = 2026-11-23-camt053.xml ]
[ "$(ls out/refused/2026-11-28 | grep -vc reason)" = 3 ]
