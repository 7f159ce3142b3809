package org.mergegate.serve;

/** One merge request of one project: the unit of debouncing and of work. */
public record MergeRequestRef(long project, long iid) {}
