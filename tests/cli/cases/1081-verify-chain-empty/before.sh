# A folder without packs (other files are not packs): nothing to trust, exit 1.
mkdir packs && echo notes >packs/notes.txt && echo x >packs/clerk-latest.zip
