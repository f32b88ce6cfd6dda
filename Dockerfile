# vi-sandbox in a container (Debian 12 slim, multi-stage, non-root).
#   docker build -t vi-sandbox .          (or: podman build -t vi-sandbox .)
#   docker run --rm -p 127.0.0.1:8080:8080 vi-sandbox
# Configure it with VI_SANDBOX_* variables (`vi-sandbox --help`), e.g.
#   docker run --rm -e VI_SANDBOX_PORT=9000 -e VI_SANDBOX_PROFILE=production -p 127.0.0.1:9000:9000 vi-sandbox
# Set the port with VI_SANDBOX_PORT (not --port): the health check reads it.
#
# Inside the container it binds 0.0.0.0 (the container's own network);
# publish it on the host's loopback as above. The control API (/_admin) can
# reset the state and move the clock: it is for a trusted network only.
# Publish the port beyond loopback only on such a network, or set
# VI_SANDBOX_NO_ADMIN=1 (which also turns the health check below into a
# failure: use your own, e.g. on ?wsdl).

FROM debian:12-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential cmake pkg-config help2man \
      libcpp-httplib-dev libpugixml-dev nlohmann-json3-dev libcurl4-openssl-dev libssl-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cmake -S . -B /build -DCMAKE_BUILD_TYPE=Release -DVI_BUILD_TESTS=OFF \
 && cmake --build /build --target vi-sandbox -j "$(nproc)" \
 && strip /build/mock-server/vi-sandbox

FROM debian:12-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends libcpp-httplib0.11 libpugixml1v5 curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin vi-sandbox
COPY --from=build /build/mock-server/vi-sandbox /usr/bin/vi-sandbox
USER 10001:10001
ENV VI_SANDBOX_HOST=0.0.0.0 VI_SANDBOX_PORT=8080
EXPOSE 8080
HEALTHCHECK --interval=5s --timeout=3s --start-period=5s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${VI_SANDBOX_PORT}/_admin/health" >/dev/null || exit 1
ENTRYPOINT ["/usr/bin/vi-sandbox"]
