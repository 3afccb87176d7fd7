# The companion (transcoder/): Node 20 on Debian with Debian's ffmpeg (design.md: the npm ffmpeg
# builds are too old or download at install time), as a non-root user, with a health check.
# Builds for Cloudflare Containers (linux/amd64) and for any host:
#   docker build -t edgetube-companion .
#   docker run -e WORKER_URL=https://video.example -e COMPANION_SECRET=… -p 8788:8788 edgetube-companion
FROM node:20-bookworm-slim

RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg ca-certificates \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY package.json package-lock.json ./
# Scripts stay off: nothing the companion needs builds at install time.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund
# The companion imports the HMAC signer and the job protocol from worker/ (one definition, convention 7).
COPY tsconfig.json ./
COPY transcoder ./transcoder
COPY worker ./worker

RUN useradd --system --uid 10001 --create-home companion \
 && mkdir -p /data/tmp && chown -R companion /data
USER companion

ENV NODE_ENV=production HOST=0.0.0.0 PORT=8788 TMP_DIR=/data/tmp
EXPOSE 8788
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--import", "tsx", "transcoder/index.ts"]
