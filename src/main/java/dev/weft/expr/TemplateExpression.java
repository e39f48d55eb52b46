package dev.weft.expr;

/**
 * An expression found in a template tree.
 *
 * @param path       where it appears, relative to the tree root: "" for the root, {@code query},
 *                   {@code docs[0].text}
 * @param expression the expression text inside {@code {{ }}}, trimmed
 */
public record TemplateExpression(String path, String expression) {}
