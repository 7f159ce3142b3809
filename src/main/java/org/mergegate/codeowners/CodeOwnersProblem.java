package org.mergegate.codeowners;

/** Something wrong on one line of a CODEOWNERS file; {@code validate} prints it as file:line. */
public record CodeOwnersProblem(int line, String message) {}
