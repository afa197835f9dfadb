"""Stage 4, releasing: the release and what a downloader runs on it.

dist (`statsbidrag dist`: the zip, the wheel, the SQLite file, SHA256SUMS), verify (a downloaded
package: checksums, the tool's own checks), download (getting a zip, folder or address into a
temporary folder under limits), integrity (files against SHA256SUMS and datapackage.json),
zipsafety (unpacking a download under size limits).
"""
