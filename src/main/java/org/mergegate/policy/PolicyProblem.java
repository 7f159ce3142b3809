package org.mergegate.policy;

/** Something wrong in the policy file; {@code validate} prints it as file:line: message. */
public record PolicyProblem(int line, String message) {}
