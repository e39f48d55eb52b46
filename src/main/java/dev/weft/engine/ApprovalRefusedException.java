package dev.weft.engine;

/** The caller is not among the approvers of the approval it tried to decide: nothing is recorded. */
public class ApprovalRefusedException extends CommandRejectedException {
    public ApprovalRefusedException(String message) {
        super(message);
    }
}
