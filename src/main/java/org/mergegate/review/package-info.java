/**
 * The facts a verdict needs (author, changed paths, approvals, pushes, who owners resolve to) and
 * the interfaces that supply them. Adapters ({@code gitlab}, {@code local}) fill these in; the
 * {@code policy} package evaluates them without any I/O.
 */
package org.mergegate.review;
