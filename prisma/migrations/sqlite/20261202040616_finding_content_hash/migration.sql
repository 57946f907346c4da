-- AlterTable
ALTER TABLE "Finding" ADD COLUMN "contentHash" TEXT;

