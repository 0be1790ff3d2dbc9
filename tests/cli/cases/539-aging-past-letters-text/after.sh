cat out/2026-11-28-3-d30-EUR.txt
grep -c '<svg\|<script' out/2026-11-28-3-d30-EUR.html || true
