# an empty file
: >empty.xml
