package dev.weft.api.grpc;

import dev.weft.api.v1.CreateScheduleRequest;
import dev.weft.api.v1.DeleteScheduleRequest;
import dev.weft.api.v1.DeleteScheduleResponse;
import dev.weft.api.v1.GetScheduleRequest;
import dev.weft.api.v1.ListSchedulesRequest;
import dev.weft.api.v1.ListSchedulesResponse;
import dev.weft.api.v1.PauseScheduleRequest;
import dev.weft.api.v1.ResumeScheduleRequest;
import dev.weft.api.v1.Schedule;
import dev.weft.api.v1.ScheduleService;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.util.function.Function;

/** ScheduleService over gRPC: request bounds here, everything else in {@link dev.weft.schedule.ScheduleService}. */
@GrpcService
public class GrpcScheduleService implements ScheduleService {
    static final int MAX_INPUT_BYTES = ExecutionStarter.MAX_INPUT_BYTES;

    @Inject
    dev.weft.schedule.ScheduleService schedules;

    @Override
    public Uni<Schedule> createSchedule(CreateScheduleRequest request) {
        String tenant = Tenants.current();
        if (!request.hasSpec()) {
            return Uni.createFrom().failure(GrpcErrors.invalid("spec: required"));
        }
        if (request.getSpec().getInput().getSerializedSize() > MAX_INPUT_BYTES) {
            return Uni.createFrom().failure(GrpcErrors.invalid("spec.input: at most " + MAX_INPUT_BYTES
                    + " bytes, but got " + request.getSpec().getInput().getSerializedSize()));
        }
        return Uni.createFrom().deferred(() -> schedules.create(tenant, request.getScheduleId(),
                        ScheduleViews.spec(request.getSpec())))
                .map(ScheduleViews::schedule)
                .onFailure().transform(GrpcErrors::toStatus);
    }

    @Override
    public Uni<Schedule> getSchedule(GetScheduleRequest request) {
        return byId(request.getScheduleId(), (tenant) -> schedules.get(tenant, request.getScheduleId()));
    }

    @Override
    public Uni<ListSchedulesResponse> listSchedules(ListSchedulesRequest request) {
        return schedules.list(Tenants.current(), request.getWorkflow())
                .map(all -> ListSchedulesResponse.newBuilder()
                        .addAllSchedules(all.stream().map(ScheduleViews::schedule).toList()).build())
                .onFailure().transform(GrpcErrors::toStatus);
    }

    @Override
    public Uni<Schedule> pauseSchedule(PauseScheduleRequest request) {
        return byId(request.getScheduleId(), tenant -> schedules.pause(tenant, request.getScheduleId()));
    }

    @Override
    public Uni<Schedule> resumeSchedule(ResumeScheduleRequest request) {
        return byId(request.getScheduleId(), tenant -> schedules.resume(tenant, request.getScheduleId()));
    }

    @Override
    public Uni<DeleteScheduleResponse> deleteSchedule(DeleteScheduleRequest request) {
        String tenant = Tenants.current();
        if (request.getScheduleId().isBlank()) {
            return Uni.createFrom().failure(GrpcErrors.invalid("schedule_id: required"));
        }
        return schedules.delete(tenant, request.getScheduleId())
                .map(x -> DeleteScheduleResponse.getDefaultInstance())
                .onFailure().transform(GrpcErrors::toStatus);
    }

    private Uni<Schedule> byId(String id, Function<String, Uni<dev.weft.schedule.ScheduleView>> call) {
        String tenant = Tenants.current();
        if (id.isBlank()) {
            return Uni.createFrom().failure(GrpcErrors.invalid("schedule_id: required"));
        }
        return Uni.createFrom().deferred(() -> call.apply(tenant)).map(ScheduleViews::schedule)
                .onFailure().transform(GrpcErrors::toStatus);
    }
}
