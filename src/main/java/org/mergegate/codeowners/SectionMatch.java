package org.mergegate.codeowners;

/** For one path: a section that owns it and the winning (last matching) entry of that section. */
public record SectionMatch(Section section, Entry entry) {}
