-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN "findingsEvaluatedAt" DATETIME;

