package dev.weft.runtime;

/** A request named a workflow or a version that does not exist; the message names the field. */
public class WorkflowVersionNotFoundException extends RuntimeException {
    public WorkflowVersionNotFoundException(String fieldAndReason) {
        super(fieldAndReason);
    }

    static WorkflowVersionNotFoundException noWorkflow(String name) {
        return new WorkflowVersionNotFoundException("name: no workflow '" + name + "'");
    }

    static WorkflowVersionNotFoundException noVersion(String field, String name, int version) {
        return new WorkflowVersionNotFoundException(field + ": workflow '" + name + "' has no version " + version);
    }
}
