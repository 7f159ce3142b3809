/**
 * The policy ({@code .gitlab/merge-gate.yml}), its loading, and the evaluation of a verdict from
 * plain facts. No I/O: read this package alone to learn why a merge request passed or failed.
 */
package org.mergegate.policy;
