-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN     "findingsEvaluatedAt" TIMESTAMP(3);

