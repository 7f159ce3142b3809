package org.mergegate.gitlab;

/**
 * A file read from the repository at a fixed commit.
 *
 * @param path repository-relative path
 * @param text its content as UTF-8 text
 */
public record RepoFile(String path, String text) {}
