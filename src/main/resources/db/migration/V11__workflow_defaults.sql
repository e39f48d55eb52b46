-- Who registered a version (RegisterWorkflowRequest.requested_by or the x-weft-caller header);
-- '' for versions registered before it was recorded.
alter table workflow_definitions add column registered_by text not null default '';

-- Every SetDefaultVersion, appended and never updated: the row with the highest id of a
-- tenant/name is the current setting. version null clears it (the default is the latest again).
-- Keeping every change audits who moved a default, rolled it back or cleared it, and when.
create table workflow_default_changes (
    id      bigserial   primary key,
    tenant  text        not null,
    name    text        not null,
    version int,
    set_by  text        not null default '',
    set_at  timestamptz not null
);
create index workflow_default_changes_current on workflow_default_changes (tenant, name, id desc);
